import { readFileSync } from 'node:fs';
import { cpuMs } from '../harness/processes.js';
import type { RunningCluster } from './cluster.js';

/** nginx's workers: the children of its master process (/proc/<pid>/task/<pid>/children). */
function nginxPids(cluster: RunningCluster): number[] {
  const children = readFileSync(`/proc/${cluster.nginxPid}/task/${cluster.nginxPid}/children`, 'utf8');
  return [cluster.nginxPid, ...children.split(' ').filter(Boolean).map(Number)];
}

/** CPU time used so far by the cluster's server processes and by its nginx, in ms. */
export function clusterCpuMs(cluster: RunningCluster): { servers: number; nginx: number } {
  const sum = (pids: number[]) => pids.reduce((total, pid) => total + cpuMs(pid), 0);
  return { servers: sum(cluster.pids), nginx: sum(nginxPids(cluster)) };
}

/** Clock ticks all cores spent busy and in all since boot (/proc/stat): whose work it was is not told. */
export function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  // cpu user nice system idle iowait irq softirq steal …
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}
