// The `xdeps` comm: opened by the frontend when the notebook's kernel is
// xdeps, and again after a restart; the kernel pushes the state on it.

import { ISessionContext } from '@jupyterlab/apputils';
import { Kernel, KernelMessage } from '@jupyterlab/services';
import type { JSONObject } from '@lumino/coreutils';
import { Signal } from '@lumino/signaling';

import { State, StateMessage } from './state';

export const TARGET = 'xdeps';

// An xdeps kernel: by its kernel spec name, or by the implementation its
// kernel_info reply names (a kernelspec installed under another name).
export async function isXdepsKernel(kernel: Kernel.IKernelConnection | null | undefined): Promise<boolean> {
  if (!kernel || kernel.isDisposed) {
    return false;
  }
  if (kernel.name === 'xdeps') {
    return true;
  }
  // A kernel that never answers kernel_info is not ours to wait for.
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 10000));
  try {
    const info = await Promise.race([kernel.info, timeout]);
    return info?.implementation === 'xdeps';
  } catch {
    return false;
  }
}

export class CommClient {
  readonly stateReceived = new Signal<CommClient, StateMessage>(this);
  // Emitted when the comm opens or goes away: marks are only valid while open.
  readonly connectionChanged = new Signal<CommClient, boolean>(this);

  constructor(private _session: ISessionContext) {
    _session.kernelChanged.connect(() => void this._connect(), this);
    _session.statusChanged.connect((_, status) => {
      if (status === 'restarting' || status === 'autorestarting' || status === 'dead') {
        this._drop();
        this._refused = null;
      } else if (status === 'idle' && !this.connected) {
        void this._connect();
      }
    }, this);
    void _session.ready.then(() => this._connect());
  }

  get connected(): boolean {
    return !!this._comm && !this._comm.isDisposed;
  }

  requestState(): void {
    this.send({ type: 'request_state' });
  }

  // Sends a message to the kernel (docs/comm.md); false when not connected.
  send(data: JSONObject): boolean {
    if (!this.connected) {
      return false;
    }
    this._comm!.send(data);
    return true;
  }

  dispose(): void {
    Signal.clearData(this);
    if (this._comm && !this._comm.isDisposed) {
      try {
        this._comm.close();
      } catch {
        // The kernel went first: nothing is left to tell.
      }
    }
    this._comm = null;
  }

  private _drop(): void {
    if (this._comm) {
      this._comm = null;
      this.connectionChanged.emit(false);
    }
  }

  private async _connect(): Promise<void> {
    const kernel = this._session.session?.kernel ?? null;
    if (this._comm && (this._comm.isDisposed || this._kernel !== kernel)) {
      this._drop();
    }
    // A kernel that closed our comm at once (no target) is not asked again
    // until it restarts or changes.
    if (this._comm || this._connecting || !kernel || kernel === this._refused) {
      return;
    }
    this._connecting = true;
    try {
      if (!(await isXdepsKernel(kernel)) || kernel !== this._session.session?.kernel || this._comm) {
        return;
      }
      const comm = kernel.createComm(TARGET);
      let received = false;
      comm.onMsg = (msg: KernelMessage.ICommMsgMsg) => {
        const data = msg.content.data as Partial<StateMessage>;
        if (data.type === 'state' && data.state) {
          received = true;
          this.stateReceived.emit({ type: 'state', state: data.state as State, cause: data.cause ?? null });
        }
      };
      comm.onClose = () => {
        if (!received) {
          this._refused = kernel;
        }
        if (this._comm === comm) {
          this._drop();
        }
      };
      this._comm = comm;
      this._kernel = kernel;
      comm.open({});
      this.connectionChanged.emit(true);
    } finally {
      this._connecting = false;
    }
  }

  private _comm: Kernel.IComm | null = null;
  private _kernel: Kernel.IKernelConnection | null = null;
  private _refused: Kernel.IKernelConnection | null = null;
  private _connecting = false;
}
