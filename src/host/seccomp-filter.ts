// kernel/seccomp.c on the real kernel: a classic-BPF filter whose listed system calls go to a supervisor.
import {
  AUDIT_ARCH_X86_64,
  BPF_JMP_JEQ_K,
  BPF_JMP_JGE_K,
  BPF_JMP_JSET_K,
  BPF_LD_W_ABS,
  BPF_RET_K,
  PR_SET_NO_NEW_PRIVS,
  SECCOMP_DATA_ARCH,
  SECCOMP_DATA_ARG0_LO,
  SECCOMP_DATA_NR,
  SECCOMP_FILTER_FLAG_NEW_LISTENER,
  SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
  SECCOMP_RET_ALLOW,
  SECCOMP_RET_USER_NOTIF,
  SECCOMP_SET_MODE_FILTER,
  X32_SYSCALL_BIT,
} from '../abi/index.js';
import { libc, sysret } from './libc.js';
import { nativeBuffer } from './native-buffer.js';
import { SYS_prctl, SYS_seccomp } from './syscall-numbers.js';

const sys5 = libc.func('long syscall(long nr, long a, long b, long c, long d, long e)');

/**
 * A trapped system call: always, or only when its first argument (its low 32 bits) has one of
 * `arg0Any`'s bits, or is at least `arg0AtLeast` (unsigned).
 */
export interface TrapRule {
  nr: number;
  arg0Any?: number;
  arg0AtLeast?: number;
}

interface Insn {
  code: number;
  k: number;
  /** Labels to jump to when true / false (for jumps). */
  jt?: string;
  jf?: string;
  label?: string;
}

const ld = (k: number): Insn => ({ code: BPF_LD_W_ABS, k });
const ret = (k: number, label?: string): Insn => ({ code: BPF_RET_K, k, ...(label ? { label } : {}) });

/**
 * The filter program: other architectures and x32 calls are allowed (the session serves x86_64 calls
 * only), each rule's call is sent to the listener, everything else is allowed.
 */
export function buildFilter(rules: readonly TrapRule[]): Buffer {
  const prog: Insn[] = [
    ld(SECCOMP_DATA_ARCH),
    { code: BPF_JMP_JEQ_K, k: AUDIT_ARCH_X86_64, jt: 'next', jf: 'allow' },
    { ...ld(SECCOMP_DATA_NR), label: 'next' },
    { code: BPF_JMP_JGE_K, k: X32_SYSCALL_BIT, jt: 'allow', jf: 'n0' },
  ];
  const conditional: Insn[] = [];
  rules.forEach((r, i) => {
    const here = `n${i}`;
    const next = `n${i + 1}`;
    if (r.arg0Any === undefined && r.arg0AtLeast === undefined) {
      prog.push({ code: BPF_JMP_JEQ_K, k: r.nr, jt: 'notify', jf: next, label: here });
    } else {
      prog.push({ code: BPF_JMP_JEQ_K, k: r.nr, jt: `c${i}`, jf: next, label: here });
      const test =
        r.arg0Any !== undefined
          ? { code: BPF_JMP_JSET_K, k: r.arg0Any }
          : { code: BPF_JMP_JGE_K, k: r.arg0AtLeast! };
      conditional.push(
        { ...ld(SECCOMP_DATA_ARG0_LO), label: `c${i}` },
        { ...test, jt: 'notify', jf: 'allow' },
      );
    }
  });
  prog.push(ret(SECCOMP_RET_ALLOW, `n${rules.length}`), ...conditional);
  prog.push(ret(SECCOMP_RET_ALLOW, 'allow'), ret(SECCOMP_RET_USER_NOTIF, 'notify'));
  return assemble(prog);
}

/** struct sock_filter[]: u16 code, u8 jt, u8 jf, u32 k; jumps are relative to the next instruction. */
function assemble(prog: readonly Insn[]): Buffer {
  const at = new Map<string, number>();
  prog.forEach((insn, i) => insn.label && at.set(insn.label, i));
  const out = Buffer.alloc(prog.length * 8);
  prog.forEach((insn, i) => {
    const rel = (label: string | undefined): number => {
      if (label === undefined) return 0;
      const target = at.get(label);
      if (target === undefined || target <= i || target - i - 1 > 255)
        throw new Error(`bad jump to ${label}`);
      return target - i - 1;
    };
    out.writeUInt16LE(insn.code, i * 8);
    out.writeUInt8(rel(insn.jt), i * 8 + 2);
    out.writeUInt8(rel(insn.jf), i * 8 + 3);
    out.writeUInt32LE(insn.k >>> 0, i * 8 + 4);
  });
  return out;
}

// kernel/sys.c: prctl(PR_SET_NO_NEW_PRIVS) — what lets an unprivileged process install a filter.
export function setNoNewPrivs(): number {
  return sysret(sys5(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
}

// kernel/seccomp.c: seccomp_set_mode_filter with NEW_LISTENER — returns the listener fd or -errno.
export function installFilter(program: Buffer, waitKillableRecv: boolean): number {
  const insns = nativeBuffer(program.length);
  program.copy(insns.buf);
  const fprog = nativeBuffer(16);
  fprog.buf.writeUInt16LE(program.length / 8, 0);
  fprog.buf.writeBigUInt64LE(BigInt(insns.address), 8);
  let flags = SECCOMP_FILTER_FLAG_NEW_LISTENER;
  if (waitKillableRecv) flags |= SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
  return sysret(sys5(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, fprog.address, 0, 0));
}
