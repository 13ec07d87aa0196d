// A restarted server: the model rebuilt from the last snapshot and the journal's entries after it, then
// brought up to date with what happened while no server ran — threads that exited, answers that were
// decided but not sent, the notification that was received but not recorded.
import { decodeImage, restoreExact } from '../image/index.js';
import type { KernelState } from '../kernel/index.js';
import { fault } from './faults.js';
import { RestoredLists } from './restored-lists.js';
import type { Journal, SnapshotHeader } from './journal.js';
import type { LoopClock } from './loop-clock.js';
import type { Session } from './serve-loop.js';

export interface Restored {
  k: KernelState;
  header: SnapshotHeader;
}

const key = (lo: number, hi: number): string => `${lo}:${hi}`;

export const recover = {
  /** The model of the snapshot in place (an image, format v1), or null when there is none. */
  snapshotOf(journal: Journal, clock: LoopClock): Restored | null {
    const snap = journal.readSnapshot();
    if (!snap) return null;
    const image = decodeImage(snap.image.toString('utf8'));
    clock.pin(snap.header.m, snap.header.r);
    try {
      return { k: restoreExact(image.body, clock), header: snap.header };
    } finally {
      clock.unpin();
    }
  },

  /** Replays the journal on the snapshot and settles what happened since (see the file's comment). */
  resume(s: Session, restored: Restored | null, journal: Journal): void {
    const st = s.st;
    if (restored) {
      const h = restored.header;
      if (h.restored) st.restored = RestoredLists.fromSnapshot(h.restored, s.k);
      for (const [tid, ino] of h.tasks) st.tasks.adopt(tid, ino);
      st.clock.pin(h.m, h.r);
      for (const [tid, idLo, idHi] of h.sleepers) {
        const t = s.k.tasks.get(tid);
        if (t?.waiter) st.sleepers.add({ idLo, idHi }, t, t.waiter);
      }
      st.clock.unpin();
    }
    // Answers are decided again as the entries are applied; only those whose call still waits are sent.
    const recorded = new Set<string>();
    s.listener.hold();
    const entries = [...journal.entries(restored?.header ?? null)];
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.t === 'wake') continue;
      let end = i + 1;
      while (end < entries.length && entries[end]!.t === 'wake') end++;
      st.replay(e, entries.slice(i + 1, end));
      if ('id' in e) recorded.add(key(e.id[0], e.id[1]));
    }
    const held = s.listener.release();
    fault('replayed');
    // Exits while no server ran come before anything is answered.
    for (const tid of st.tasks.reopen()) s.threadExited(tid);
    for (const a of held) if (s.listener.idValid(a.id)) s.listener.sendHeld(a);
    for (const t of [...s.k.tasks.values()]) {
      const id = st.sleepers.idOf(t);
      if (id && !s.listener.idValid(id)) st.commit({ t: 'intr', tid: t.tid });
    }
    // The notification received last, if nothing recorded says what became of it, is served now.
    const last = s.listener.last;
    if (last.idLo !== 0 || last.idHi !== 0) {
      const sleeper = [...s.k.tasks.values()].some((t) => {
        const id = st.sleepers.idOf(t);
        return id !== undefined && id.idLo === last.idLo && id.idHi === last.idHi;
      });
      const unanswered = !recorded.has(key(last.idLo, last.idHi)) && !sleeper && s.listener.idValid(last);
      s.resumeAfter(unanswered ? (last.idLo - 1) >>> 0 : last.idLo);
      if (unanswered) s.handle(last);
    }
    st.snapshot();
  },
};
