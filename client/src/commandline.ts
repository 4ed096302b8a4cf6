// Tab completion for the dashboard's command line. Blazor cannot decide inside a keydown
// whether to keep Tab from moving focus, nor read the caret, so this small per-input handler
// does: Tab right after a word asks .NET (CommandBar's Complete) for the completed line and
// puts it in. When there is nothing to complete (a blank before the caret, or .NET answers
// that this Tab is the second one without progress), Tab moves focus as usual, so the line
// never traps keyboard users. One handler per input, removed by dispose(): no globals.
import type { DotNetRef } from './graph/dto.js';

/** .NET's answer: the new line and caret, or moveFocus when Tab should go on to the next control. */
export interface CompletionReply {
  readonly line: string;
  readonly caret: number;
  readonly moveFocus: boolean;
}

/** What attachCommandLine returns; the component holds it as an IJSObjectReference. */
export interface CommandLineHandle {
  /** Removes the key handler. */
  dispose(): void;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Handles Tab in `input`: completion through `dotnetRef.invokeMethodAsync('Complete', line, caret)`. */
export function attachCommandLine(input: HTMLInputElement, dotnetRef: DotNetRef): CommandLineHandle {
  let busy = false;

  const focusNext = (): void => {
    const all = [...document.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(e => e === input || e.offsetParent !== null);
    all[all.indexOf(input) + 1]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Tab' || event.shiftKey || event.ctrlKey || event.altKey || event.metaKey) {
      return;
    }
    const caret = input.selectionStart ?? input.value.length;
    const before = input.value.slice(0, caret);
    if (input.selectionEnd !== caret || before.trim() === '' || /\s$/.test(before)) {
      return;
    }
    event.preventDefault();
    if (busy) {
      return;
    }
    busy = true;
    dotnetRef.invokeMethodAsync<CompletionReply | null>('Complete', input.value, caret)
      .then(reply => {
        if (!reply || reply.moveFocus) {
          focusNext();
          return;
        }
        if (reply.line !== input.value) {
          input.value = reply.line;
          // Blazor's @bind listens to input events: it takes the new line from here.
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }
        input.setSelectionRange(reply.caret, reply.caret);
      })
      .catch(() => { /* circuit gone: the line stays as typed */ })
      .finally(() => { busy = false; });
  };

  input.addEventListener('keydown', onKeyDown);
  return {
    dispose() {
      input.removeEventListener('keydown', onKeyDown);
    },
  };
}
