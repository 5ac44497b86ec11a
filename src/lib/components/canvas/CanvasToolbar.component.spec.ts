import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import CanvasToolbar from './CanvasToolbar.svelte';
import '../../../../test/support/component';

const base = { zoom: 1, editable: true, privateRound: false, selected: 0, following: null, onzoom() {}, onfit() {}, onaddnote() {}, onaddcluster() {} };

describe('CanvasToolbar', () => {
	// Root cause: "Follow…" listed only people with a canvas view, and said "Nobody else here"
	// to a facilitator whose whole room was online on the columns or on another stage.
	it('lists people online elsewhere instead of saying nobody is here', () => {
		render(CanvasToolbar, {
			props: {
				...base,
				followable: [],
				elsewhere: [
					{ id: 'p-anna', name: 'Anna Lindqvist', where: 'on the columns' },
					{ id: 'p-elif', name: 'Elif Kaya', where: 'on Language' }
				]
			}
		});
		const follow = screen.getByRole('combobox', { name: "Follow someone's view" });
		expect(follow).toBeEnabled();
		expect(within(follow).queryByText('Nobody else here')).toBeNull();
		expect(within(follow).getByRole('option', { name: 'Anna Lindqvist — on the columns' })).toBeDisabled();
		expect(within(follow).getByRole('option', { name: 'Elif Kaya — on Language' })).toBeInTheDocument();
	});

	it('says nobody else is online only when nobody is', () => {
		render(CanvasToolbar, { props: { ...base, followable: [], elsewhere: [] } });
		expect(screen.getByRole('combobox', { name: "Follow someone's view" })).toBeDisabled();
		expect(screen.getByRole('option', { name: 'Nobody else online' })).toBeInTheDocument();
	});
});
