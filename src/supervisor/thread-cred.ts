// include/linux/cred.h: a real thread's credentials, as /proc/<tid>/status shows them, in the model's shape.
import type { Cred } from '../kernel/index.js';
import type { ThreadStatus } from '../host/proc-status.js';

function capBits(mask: bigint): Set<number> {
  const out = new Set<number>();
  for (let bit = 0; mask >> BigInt(bit) !== 0n; bit++) if ((mask >> BigInt(bit)) & 1n) out.add(bit);
  return out;
}

export function credOfStatus(st: ThreadStatus): Cred {
  const [uid, euid, suid, fsuid] = st.uids;
  const [gid, egid, sgid, fsgid] = st.gids;
  return {
    uid,
    euid,
    suid,
    fsuid,
    gid,
    egid,
    sgid,
    fsgid,
    groups: st.groups,
    capEff: capBits(st.capEff),
    capPrm: capBits(st.capPrm),
  };
}
