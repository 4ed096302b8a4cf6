// The banner for a lost connection to the server (Blazor's reconnection UI, customised: an
// element with id components-reconnect-modal replaces the default dialog, and Blazor sends it
// components-reconnect-state-changed events). It never asks the user to act: while the server
// is unreachable it keeps trying, and when the server answers but no longer knows this page's
// circuit (it restarted) it resumes or reloads the page.

interface BlazorReconnect {
  reconnect(): Promise<boolean>;
  resumeCircuit?(): Promise<boolean>;
}

type ReconnectState = 'show' | 'hide' | 'retrying' | 'failed' | 'rejected' | 'paused' | 'resume-failed';

const RETRY_MS = 4_000;

function blazor(): BlazorReconnect | undefined {
  return (window as Window & { Blazor?: BlazorReconnect }).Blazor;
}

/** Wires the banner, when the page has one. */
export function initReconnectBanner(): void {
  const banner = document.getElementById('components-reconnect-modal');
  if (!banner || banner.dataset['wired'] === 'true') {
    return;
  }
  banner.dataset['wired'] = 'true';
  const message = banner.querySelector<HTMLElement>('[data-reconnect-message]');
  banner.querySelector<HTMLButtonElement>('[data-reconnect-reload]')?.addEventListener('click', () => location.reload());
  let timer: ReturnType<typeof setTimeout> | null = null;
  let attempts = 0;

  const say = (text: string): void => {
    if (message) {
      message.textContent = text;
    }
  };

  const show = (state: string): void => {
    banner.hidden = false;
    banner.dataset['state'] = state;
  };

  const reload = (): void => {
    say('The server restarted: reloading the page…');
    location.reload();
  };

  const resumeOrReload = async (): Promise<void> => {
    try {
      const resumed = await blazor()?.resumeCircuit?.();
      if (!resumed) {
        reload();
      }
    } catch {
      reload();
    }
  };

  // After Blazor's own attempts are used up: keep trying every few seconds, for as long as it takes.
  const retryLater = (): void => {
    if (timer !== null) {
      return;
    }
    timer = setTimeout(async () => {
      timer = null;
      attempts++;
      say(`Still no connection to the MountViz server (attempt ${attempts}); trying again every ${RETRY_MS / 1000} s. Is it still running?`);
      try {
        const ok = await blazor()?.reconnect();
        if (ok === false) {
          await resumeOrReload();
        }
      } catch {
        retryLater();
      }
    }, RETRY_MS);
  };

  banner.addEventListener('components-reconnect-state-changed', event => {
    const state = (event as CustomEvent<{ state: ReconnectState }>).detail?.state;
    switch (state) {
      case 'show':
      case 'retrying':
        show('retrying');
        say('Connection to the MountViz server lost. Reconnecting…');
        break;
      case 'failed':
        show('failed');
        retryLater();
        break;
      case 'paused':
        show('paused');
        say('The server paused this page. Resuming…');
        void resumeOrReload();
        break;
      case 'rejected':
      case 'resume-failed':
        show('failed');
        reload();
        break;
      case 'hide':
        attempts = 0;
        if (timer !== null) {
          clearTimeout(timer);
          timer = null;
        }
        banner.dataset['state'] = 'reconnected';
        say('Reconnected.');
        setTimeout(() => {
          if (banner.dataset['state'] === 'reconnected') {
            banner.hidden = true;
          }
        }, 2_000);
        break;
      default:
        break;
    }
  });
}
