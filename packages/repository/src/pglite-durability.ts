import { fsyncSync } from 'node:fs';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/** Flushes an open file descriptor to stable storage (`fs.fsyncSync`, or a test's recorder). */
export type FsyncFile = (fd: number) => void;

type PostgresMod = Parameters<NodeFS['init']>[1];

/** The part of Emscripten's NODEFS this module touches: its stream operations. */
interface NodeFsModule {
  readonly NODEFS: {
    stream_ops: Record<string, unknown>;
    tryFSOperation<T>(operation: () => T): T;
  };
}

/**
 * A PGlite data directory whose fsyncs reach the disk. PGlite 0.5 starts
 * PostgreSQL with fsync off (`-F`), and even with it on, its Node file layer
 * (Emscripten's NODEFS) has no `fsync` stream operation and its `fdatasync`
 * is a no-op: a commit it acknowledged sat in the page cache, lost on a power
 * cut. This file system adds the operation (a real `fsync(2)` of the file's
 * descriptor), so that with `fsync=on` and `wal_sync_method=fsync` (see
 * `pgliteSettings`) PostgreSQL's own WAL flush at commit, and its checkpoint's
 * flush of the data files, are what they are on a server.
 */
export class DurableNodeFS extends NodeFS {
  readonly #fsync: FsyncFile;

  constructor(dataDir: string, fsync: FsyncFile = fsyncSync) {
    super(dataDir);
    this.#fsync = fsync;
  }

  override async init(
    pg: Parameters<NodeFS['init']>[0],
    opts: PostgresMod,
  ): Promise<{ emscriptenOpts: PostgresMod }> {
    const { emscriptenOpts } = await super.init(pg, opts);
    const fsync = this.#fsync;
    // After NodeFS's own step, which mounts the directory: every file PostgreSQL opens there
    // shares NODEFS.stream_ops, so the operation added here serves them all.
    const addFsync = (mod: unknown) => {
      const { NODEFS } = mod as unknown as NodeFsModule;
      NODEFS.stream_ops.fsync = (stream: { nfd?: number }) => {
        const fd = stream.nfd;
        // A failure becomes the errno PostgreSQL sees (it panics on a failed WAL flush, as it should).
        if (fd !== undefined) NODEFS.tryFSOperation(() => fsync(fd));
        return 0;
      };
    };
    return {
      emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), addFsync] },
    };
  }
}
