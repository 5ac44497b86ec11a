import fs from 'node:fs';
import { test, expect, line, openStage } from './fixtures.js';

test('leaders sign a saved version; a later edit shows "changed since signed" and what changed', async ({ room }) => {
	const { person: carla, code } = await room.facilitate('Sign-off workshop');
	const ines = await room.join(code, 'Ines Duarte', 'Leadership');
	const anna = await room.join(code, 'Anna Lindqvist', 'Sales');

	await line(anna.page, 'headline').click();
	await anna.page.keyboard.type('Keep every truck on the road');
	await expect(line(carla.page, 'headline')).toContainText('Keep every truck on the road');

	await openStage(carla.page, 'Sign-off');
	await carla.page.getByLabel('Version name').fill('Agreed in the room');
	await carla.page.getByRole('button', { name: 'Save this version' }).click();
	await expect(carla.page.locator('[data-version]')).toHaveCount(1);
	await carla.page.getByRole('group', { name: 'Who signs' }).getByLabel(/Ines Duarte/).check();

	await openStage(ines.page, 'Sign-off');
	await ines.page.getByRole('button', { name: 'Sign “Agreed in the room”' }).click();
	await expect(carla.page.locator(`[data-signer]`)).toContainText('Signed “Agreed in the room”');
	await expect(carla.page.getByTestId('changed-since-signed')).toHaveCount(0);
	// The saved version's stored content still hashes to what Ines signed.
	await expect(carla.page.locator('[data-signer]').getByTestId('signature-verified')).toBeVisible();

	// Anna edits the headline after the signature.
	await line(anna.page, 'headline').click();
	await anna.page.keyboard.press('End');
	await anna.page.keyboard.type(', every day');
	for (const { page } of [carla, ines]) {
		await expect(page.getByTestId('changed-since-signed')).toBeVisible();
		await expect(page.getByText('What changed since “Agreed in the room” was signed')).toBeVisible();
		await expect(page.locator('.what-changed .added')).toContainText('every day');
	}

	// Compare the version with now.
	await carla.page.getByLabel('From').selectOption({ label: 'Agreed in the room' });
	await expect(carla.page.getByTestId('comparison')).toContainText('Headline');
	fs.mkdirSync('test/e2e/artifacts', { recursive: true });
	await ines.page.screenshot({ path: 'test/e2e/artifacts/signoff.png', fullPage: true });
});
