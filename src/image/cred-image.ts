// A task's credentials (include/linux/cred.h) as an image stores them, and back.
import type { Cred } from '../kernel/index.js';
import type { CredImage } from './image-types.js';

export function credImage(c: Cred): CredImage {
  const caps = (s: ReadonlySet<number>): number[] => [...s].sort((a, b) => a - b);
  return {
    uid: c.uid,
    gid: c.gid,
    euid: c.euid,
    egid: c.egid,
    suid: c.suid,
    sgid: c.sgid,
    fsuid: c.fsuid,
    fsgid: c.fsgid,
    groups: [...c.groups],
    capEff: caps(c.capEff),
    capPrm: caps(c.capPrm),
  };
}

export function credOfImage(c: CredImage): Cred {
  return { ...c, groups: [...c.groups], capEff: new Set(c.capEff), capPrm: new Set(c.capPrm) };
}
