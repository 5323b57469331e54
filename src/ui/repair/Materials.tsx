import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import type { ChildRow, RecordRow } from '../../domain/records';
import { addChild } from '../../state/repair';

export function Materials({ job, items, onError }: { job: RecordRow; items: ChildRow[]; onError: (code: string) => void }) {
  const [name, setName] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [unit, setUnit] = useState('');
  const materials = items.filter((c) => c.type === 'material');
  return (
    <section class="card">
      <h2>{t('repair.detail.materials')}</h2>
      <ul data-testid="materials">
        {materials.map((m) => (
          <li key={m.id}>
            {String(m.data.name)} × {String(m.data.quantity)} {String(m.data.unit ?? '')}
          </li>
        ))}
      </ul>
      <form
        class="form form-row"
        data-testid="material-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const q = Number(quantity);
          if (!name.trim() || !(q > 0)) return;
          const r = await addChild(job, 'material', { name: name.trim(), quantity: q, ...(unit.trim() ? { unit: unit.trim() } : {}) });
          if (!r.ok) onError(r.code);
          else {
            setName('');
            setQuantity('1');
            setUnit('');
          }
        }}
      >
        <div class="field">
          <label for="m-name">
            <span>{t('repair.detail.materialName')}</span>
          </label>
          <input id="m-name" name="materialName" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="m-qty">
            <span>{t('repair.detail.quantity')}</span>
          </label>
          <input id="m-qty" name="quantity" type="number" min="0" step="any" inputMode="decimal" value={quantity} onInput={(e) => setQuantity(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="m-unit">
            <span>{t('repair.detail.unit')}</span>
          </label>
          <input id="m-unit" name="unit" value={unit} onInput={(e) => setUnit(e.currentTarget.value)} />
        </div>
        <button type="submit" class="btn">
          {t('repair.detail.addMaterial')}
        </button>
      </form>
    </section>
  );
}
