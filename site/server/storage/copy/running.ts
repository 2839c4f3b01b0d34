import fs from "node:fs";
import path from "node:path";

/**
 * The ids of other processes that have one of `files` open, as far as this process can tell. A
 * server on SQLite keeps its database open while it runs; copying under it would take a snapshot
 * that its next writes leave behind, and those writes would be lost when PostgreSQL takes over.
 *
 * Linux only (each process's open files are links in /proc/<pid>/fd): elsewhere, and for
 * processes of other users or containers this one may not look into, nothing is found.
 */
export function processesHolding(files: readonly string[]): number[] {
  if (process.platform !== "linux") return [];
  const wanted = new Set<string>();
  for (const file of files) {
    try {
      wanted.add(fs.realpathSync(file));
    } catch {
      // Not there: nobody holds it.
    }
  }
  if (wanted.size === 0) return [];
  let pids: string[];
  try {
    pids = fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const holders: number[] = [];
  for (const pid of pids) {
    if (Number(pid) === process.pid) continue;
    const fdDir = path.join("/proc", pid, "fd");
    let fds: string[];
    try {
      fds = fs.readdirSync(fdDir);
    } catch {
      continue; // Another user's process, or one that just ended.
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = fs.readlinkSync(path.join(fdDir, fd));
      } catch {
        continue;
      }
      if (wanted.has(target)) {
        holders.push(Number(pid));
        break;
      }
    }
  }
  return holders;
}
