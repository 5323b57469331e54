import { useRef, useState } from 'preact/hooks';
import { t } from '../../i18n';
import type { ChildRow, RecordRow } from '../../domain/records';
import { addChild } from '../../state/repair';

const W = 600;
const H = 240;

/** The customer's confirmation: a name and a signature drawn with a finger, kept as path data. */
export function SignaturePad({ job, items, onError }: { job: RecordRow; items: ChildRow[]; onError: (code: string) => void }) {
  const [name, setName] = useState('');
  const [path, setPath] = useState('');
  const drawing = useRef(false);
  const svgRef = useRef<SVGSVGElement>(null);
  const signed = items.filter((c) => c.type === 'signature');

  const point = (e: PointerEvent) => {
    const r = svgRef.current!.getBoundingClientRect();
    const x = Math.round(((e.clientX - r.left) / r.width) * W);
    const y = Math.round(((e.clientY - r.top) / r.height) * H);
    return `${x} ${y}`;
  };

  return (
    <section class="card">
      <h2>{t('repair.detail.signature')}</h2>
      {signed.map((s) => (
        <figure key={s.id} class="signature-done" data-testid="signature-done">
          <svg viewBox={`0 0 ${W} ${H}`} class="signature-view" aria-hidden="true">
            <path d={String(s.data.svg ?? '')} fill="none" stroke="#1a1c1e" stroke-width="3" />
          </svg>
          <figcaption>{t('repair.detail.signed', { name: String(s.data.name) })}</figcaption>
        </figure>
      ))}
      <svg
        ref={svgRef}
        viewBox={`0 0 ${W} ${H}`}
        class="signature-pad"
        data-testid="signature-pad"
        role="img"
        aria-label={t('repair.detail.signature')}
        onPointerDown={(e) => {
          drawing.current = true;
          (e.currentTarget as Element).setPointerCapture?.(e.pointerId);
          const p = point(e);
          setPath((d) => `${d} M ${p} L ${p}`);
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return;
          const p = point(e);
          setPath((d) => `${d} L ${p}`);
        }}
        onPointerUp={() => (drawing.current = false)}
        onPointerLeave={() => (drawing.current = false)}
      >
        <path d={path} fill="none" stroke="#1a1c1e" stroke-width="3" />
      </svg>
      <form
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!name.trim() || !path.trim()) return;
          const r = await addChild(job, 'signature', { name: name.trim(), svg: path.trim() });
          if (!r.ok) onError(r.code);
          else {
            setPath('');
            setName('');
          }
        }}
      >
        <div class="field">
          <label for="sig-name">
            <span>{t('repair.detail.signer')}</span>
          </label>
          <input id="sig-name" name="signer" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="form-row">
          <button type="button" class="btn" onClick={() => setPath('')}>
            {t('repair.detail.clearSignature')}
          </button>
          <button type="submit" class="btn btn-primary" data-testid="save-signature">
            {t('repair.detail.saveSignature')}
          </button>
        </div>
      </form>
    </section>
  );
}
