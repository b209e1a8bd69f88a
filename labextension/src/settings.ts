// The extension's settings, from JupyterLab's settings registry (schema:
// labextension/schema/plugin.json), and what the kernel is told of them.

import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { Signal } from '@lumino/signaling';

import { CommClient } from './comm';

export interface XdepsSettings {
  // Reactive mode in a notebook whose kernel has not recorded a cell yet.
  reactiveByDefault: boolean;
  // Whether the kernel puts its notices in cell outputs while the extension
  // marks the cells.
  showNotices: boolean;
}

const DEFAULTS: XdepsSettings = { reactiveByDefault: false, showNotices: true };

export class SettingsModel {
  readonly changed = new Signal<SettingsModel, XdepsSettings>(this);
  // Resolves once the user's settings are read (at once without a registry).
  readonly ready: Promise<void>;

  constructor(registry: ISettingRegistry | null, pluginId: string) {
    this.ready = registry ? this._load(registry, pluginId) : Promise.resolve();
  }

  get current(): XdepsSettings {
    return this._current;
  }

  private async _load(registry: ISettingRegistry, pluginId: string): Promise<void> {
    try {
      const settings = await registry.load(pluginId);
      const read = () => {
        this._current = {
          reactiveByDefault: settings.get('reactiveByDefault').composite === true,
          showNotices: settings.get('showNotices').composite !== false,
        };
        this.changed.emit(this._current);
      };
      read();
      settings.changed.connect(read);
    } catch (reason) {
      console.warn('xdeps: settings not loaded, using the defaults', reason);
    }
  }

  private _current: XdepsSettings = { ...DEFAULTS };
}

// Tells the kernel on `client` whether to show its notices: when the comm
// opens and whenever the setting changes.
export function sendSettings(client: CommClient, settings: SettingsModel): void {
  const send = () => client.send({ type: 'settings', notices: settings.current.showNotices });
  client.connectionChanged.connect((_, connected) => {
    if (connected) {
      void settings.ready.then(send);
    }
  });
  // Disconnected when the client is disposed.
  settings.changed.connect(send, client);
  if (client.connected) {
    void settings.ready.then(send);
  }
}
