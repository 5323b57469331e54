import type { ComponentChildren } from 'preact';

/** A labelled control with its error under it, tied together for screen readers. */
export function Field({ id, label, error, children }: { id: string; label: string; error?: string | null; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>
        <span>{label}</span>
      </label>
      {children}
      {error ? (
        <span class="field-error" id={`${id}-error`} role="alert" data-testid={`error-${id}`}>
          {error}
        </span>
      ) : null}
    </div>
  );
}
