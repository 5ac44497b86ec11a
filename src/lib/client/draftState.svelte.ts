/**
 * The reactive state of a content-shaped document — the room's draft or a breakout group's —
 * as the Draft stage's components read it: claims, notes, the canvas, a text version counter
 * and the team balance. One reader for both, so a group's draft behaves like the room's.
 */
import type * as Y from 'yjs';
import {
	PROPOSITION_LINES,
	allLineIds,
	canvas,
	charactersByClient,
	claimLineId,
	claims,
	content,
	readAuthors,
	type Cluster,
	type Connector,
	type Note
} from '$lib/doc/schema';
import { contributionBalance, type Balance } from '$lib/domain/contribution';
import { linkableLines, type LineRef } from '$lib/domain/links';
import type { Point } from '$lib/domain/canvas';

/** Views that read text directly follow at most ~10 changes a second. */
const VERSION_EVERY_MS = 100;
/** The balance walks every line's text: a few times a second at most. */
const BALANCE_EVERY_MS = 250;

export class DraftState {
	claimIds: string[] = $state([]);
	notes: Note[] = $state([]);
	/** Bumped (throttled) when the document changes, for views that read text directly. */
	version = $state(0);
	balance: Balance = $state({ teams: [], totalChars: 0, totalNotes: 0 });
	/** Canvas: stored card places, frames and connectors (all sanitised on read). */
	places: Map<string, Point> = $state(new Map());
	clusters: Cluster[] = $state([]);
	connectors: Connector[] = $state([]);
	/** Lines a note can link to, fixed lines first, then claims. */
	lines: LineRef[] = $derived(linkableLines(PROPOSITION_LINES, this.claimIds.map(claimLineId)));

	private readonly cleanup: Array<() => void> = [];

	/** `control` tells whose client ids wrote what (the balance). */
	constructor(doc: Y.Doc, control: Y.Doc) {
		const notes = content.notes(doc);
		const readNotes = () => (this.notes = notes.list());
		this.cleanup.push(notes.observe(readNotes));
		readNotes();
		const readClaims = () => (this.claimIds = claims.ids(doc));
		this.cleanup.push(claims.observe(doc, readClaims));
		readClaims();
		const readCanvas = () => {
			this.places = canvas.places(doc);
			this.clusters = canvas.readClusters(doc);
			this.connectors = canvas.connectors(doc).list();
		};
		this.cleanup.push(canvas.observe(doc, readCanvas));
		readCanvas();

		let versionTimer: ReturnType<typeof setTimeout> | null = null;
		let balanceTimer: ReturnType<typeof setTimeout> | null = null;
		const bumpVersion = () => {
			versionTimer ??= setTimeout(() => {
				versionTimer = null;
				this.version += 1;
			}, VERSION_EVERY_MS);
		};
		const scheduleBalance = () => {
			balanceTimer ??= setTimeout(() => {
				balanceTimer = null;
				this.balance = contributionBalance(charactersByClient(doc, allLineIds(doc)), readAuthors(control), this.notes.map((n) => n.authorTeam));
			}, BALANCE_EVERY_MS);
		};
		doc.on('update', bumpVersion);
		doc.on('update', scheduleBalance);
		control.on('update', scheduleBalance);
		this.cleanup.push(() => {
			doc.off('update', bumpVersion);
			doc.off('update', scheduleBalance);
			control.off('update', scheduleBalance);
			if (versionTimer) clearTimeout(versionTimer);
			if (balanceTimer) clearTimeout(balanceTimer);
		});
		bumpVersion();
		scheduleBalance();
	}

	destroy(): void {
		for (const fn of this.cleanup) fn();
	}
}

/** A connection whose draft state components read as its own fields (`workshop.notes`, `draft.claimIds`). */
export abstract class DraftReader {
	abstract readonly draft: DraftState;
	get claimIds() {
		return this.draft.claimIds;
	}
	get notes() {
		return this.draft.notes;
	}
	get version() {
		return this.draft.version;
	}
	get balance() {
		return this.draft.balance;
	}
	get places() {
		return this.draft.places;
	}
	get clusters() {
		return this.draft.clusters;
	}
	get connectors() {
		return this.draft.connectors;
	}
	get lines() {
		return this.draft.lines;
	}
}
