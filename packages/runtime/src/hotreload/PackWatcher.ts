import { relative, sep } from 'node:path';
import type { FSWatcher } from 'chokidar';

/**
 * Watches local pack folders and reports which one changed, once per burst of
 * writes (editors and compilers save several files at once). node_modules and
 * dot-folders inside a pack are ignored.
 */
export class PackWatcher {
  private watcher: FSWatcher | undefined;
  private closed = false;
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly dirs: readonly string[],
    private readonly onChange: (dir: string) => void,
    private readonly debounceMs = 100,
  ) {}

  /** Resolves once the initial scan is done: changes after that are reported. */
  async start(): Promise<void> {
    if (this.watcher || this.dirs.length === 0) return;
    // chokidar is loaded only by a host that watches.
    const { watch } = await import('chokidar');
    if (this.watcher || this.closed) return;
    const watcher = watch([...this.dirs], { ignoreInitial: true, ignored: (path) => this.ignored(path) });
    this.watcher = watcher;
    watcher.on('all', (_event, path) => {
      const dir = this.owner(path);
      if (dir !== undefined) this.schedule(dir);
    });
    await new Promise<void>((resolve, reject) => {
      watcher.once('ready', resolve);
      watcher.once('error', reject);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    const watcher = this.watcher;
    this.watcher = undefined;
    await watcher?.close();
  }

  private schedule(dir: string): void {
    clearTimeout(this.timers.get(dir));
    this.timers.set(
      dir,
      setTimeout(() => {
        this.timers.delete(dir);
        this.onChange(dir);
      }, this.debounceMs),
    );
  }

  /** The innermost watched folder that holds `path`. */
  private owner(path: string): string | undefined {
    let best: string | undefined;
    for (const dir of this.dirs) {
      const rel = relative(dir, path);
      if (!rel.startsWith('..') && (best === undefined || dir.length > best.length)) best = dir;
    }
    return best;
  }

  private ignored(path: string): boolean {
    const dir = this.owner(path);
    if (dir === undefined) return false;
    return relative(dir, path)
      .split(sep)
      .some((segment) => segment === 'node_modules' || (segment.startsWith('.') && segment.length > 1));
  }
}
