import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';

/**
 * #19 item 10: nothing the local runtime starts listens beyond the loopback interface. Read off
 * Linux's socket tables for every process of the shared test runtime (tsx, the runtime's Node
 * process, DynamoDB Local's JVM): each listening TCP socket must be bound to 127.0.0.1 or ::1.
 */
describe.skipIf(!existsSync('/proc/net/tcp'))('the local runtime listens on the loopback interface only', () => {
  it('binds every listening socket of every process it starts, DynamoDB Local included, to the loopback address', () => {
    const processes = processTree(inject('runtimePid'));
    const inodes = new Map<string, number>();
    for (const pid of processes) for (const inode of socketInodesOf(pid)) inodes.set(inode, pid);
    const listening = [...listeningSockets('/proc/net/tcp'), ...listeningSockets('/proc/net/tcp6')].filter((socket) => inodes.has(socket.inode));

    const commands = new Set(listening.map((socket) => commandOf(inodes.get(socket.inode)!)));
    // The runtime's own servers (API, services) and DynamoDB Local's: if Java's listeners were missed, the check below would prove nothing about it.
    expect([...commands].some((command) => command.includes('java'))).toBe(true);
    expect(listening.length).toBeGreaterThanOrEqual(3);
    const exposed = listening.filter((socket) => !socket.loopback).map((socket) => `${commandOf(inodes.get(socket.inode)!)} on ${socket.address}`);
    expect(exposed).toEqual([]);
  });
});

function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent === undefined) continue;
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree;
}

function parentOf(pid: number): number | undefined {
  try {
    // The command name is in parentheses and may hold spaces: the fields after it are read from its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function socketInodesOf(pid: number): string[] {
  const inodes: string[] = [];
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.push(inode);
    } catch {
      // closed while being read
    }
  }
  return inodes;
}

function commandOf(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, 2).join(' ');
}

const listenState = '0A';
const ipv4Loopback = /^7F/;
const ipv6Loopback = new Set(['00000000000000000000000001000000']);
/** ::ffff:127.x.x.x as the kernel writes it (four little-endian words). */
const ipv4MappedLoopback = /^0000000000000000FFFF0000......7F$/;

function listeningSockets(table: string): { inode: string; address: string; loopback: boolean }[] {
  if (!existsSync(table)) return [];
  return readFileSync(table, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length > 9 && fields[3] === listenState)
    .map((fields) => {
      const [hexAddress] = fields[1]!.split(':');
      // IPv4 addresses are written as one little-endian word: 127.0.0.1 is 0100007F, so its first octet is the last byte.
      const loopback = hexAddress!.length === 8 ? ipv4Loopback.test(hexAddress!.slice(6) + hexAddress!.slice(0, 6)) : ipv6Loopback.has(hexAddress!) || ipv4MappedLoopback.test(hexAddress!);
      return { inode: fields[9]!, address: fields[1]!, loopback };
    });
}
