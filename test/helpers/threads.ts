import { readdirSync, readFileSync } from 'node:fs';

/** One thread of this process as Linux reports it in /proc/self/task/<tid>/stat. */
export interface ProcessThread {
  tid: number;
  /** Its nice value (field 19). */
  nice: number;
  /** User and system CPU time (fields 14 and 15), in ms, counted in clock ticks of 10 ms. */
  cpuMs: number;
}

/** Every thread of this process (Linux; throws where /proc is missing). */
export function processThreads(): ProcessThread[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // The fields after the command name, which may hold spaces: state is [0], utime [11], stime [12], nice [16].
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { tid: Number(tid), nice: Number(fields[16]), cpuMs: (Number(fields[11]) + Number(fields[12])) * 10 };
  });
}
