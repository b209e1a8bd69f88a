// The `xdeps` comm: opened by the frontend when the notebook's kernel is
// xdeps, and again after a restart; the kernel pushes the state on it.

import { ISessionContext } from '@jupyterlab/apputils';
import { Kernel, KernelMessage } from '@jupyterlab/services';
import { Signal } from '@lumino/signaling';

import { State } from './state';

export const TARGET = 'xdeps';

export function isXdepsKernel(kernel: Kernel.IKernelConnection | null | undefined): boolean {
  return !!kernel && kernel.name === 'xdeps';
}

export class CommClient {
  readonly stateReceived = new Signal<CommClient, State>(this);
  readonly disconnected = new Signal<CommClient, void>(this);

  constructor(private _session: ISessionContext) {
    _session.kernelChanged.connect(() => this._connect(), this);
    _session.statusChanged.connect((_, status) => {
      if (status === 'restarting' || status === 'dead') {
        this.disconnected.emit();
      }
      if (status === 'idle' && (!this._comm || this._comm.isDisposed)) {
        this._connect();
      }
    }, this);
    void _session.ready.then(() => this._connect());
  }

  get connected(): boolean {
    return !!this._comm && !this._comm.isDisposed;
  }

  requestState(): void {
    if (this.connected) {
      this._comm!.send({ type: 'request_state' });
    }
  }

  dispose(): void {
    Signal.clearData(this);
    if (this._comm && !this._comm.isDisposed) {
      this._comm.dispose();
    }
    this._comm = null;
  }

  private _connect(): void {
    const kernel = this._session.session?.kernel;
    if (this._comm && (this._comm.isDisposed || this._kernel !== kernel)) {
      this._comm = null;
      this.disconnected.emit();
    }
    if (!isXdepsKernel(kernel) || this._comm || kernel!.isDisposed) {
      return;
    }
    const comm = kernel!.createComm(TARGET);
    comm.onMsg = (msg: KernelMessage.ICommMsgMsg) => {
      const data = msg.content.data as { type?: string; state?: State };
      if (data.type === 'state' && data.state) {
        this.stateReceived.emit(data.state);
      }
    };
    comm.onClose = () => {
      this._comm = null;
      this.disconnected.emit();
    };
    this._comm = comm;
    this._kernel = kernel;
    comm.open({});
  }

  private _comm: Kernel.IComm | null = null;
  private _kernel: Kernel.IKernelConnection | null | undefined = null;
}
