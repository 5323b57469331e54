import type { MutationBody } from './mutations';

// The customer directory from a CSV file (UTF-8, with or without BOM; a header row; fields
// quoted the RFC 4180 way). Good rows import; every bad one is reported by its row number in
// the file (the header is row 1) and a reason code the screen translates.

export const USAGES = ['residential', 'nonResidential', 'agricultural', 'industrial'] as const;
export type Usage = (typeof USAGES)[number];
export const FLAGS = ['deputy', 'media', 'supervisor'] as const;
export type Flag = (typeof FLAGS)[number];

export interface CustomerFields {
  name: string;
  account: string;
  address: string;
  phone: string;
  usage: Usage;
  voltage: string;
  flags: Flag[];
}

export type CsvProblem =
  | 'header.missing'
  | 'header.noName'
  | 'header.noAccount'
  | 'row.columns'
  | 'row.quote'
  | 'name.missing'
  | 'account.missing'
  | 'account.duplicate'
  | 'usage.unknown'
  | 'voltage.invalid'
  | 'flag.unknown'
  | 'tooLong';

export interface CsvRowError {
  row: number;
  code: CsvProblem;
  detail?: string;
}

export interface CsvImport {
  customers: (CustomerFields & { row: number })[];
  errors: CsvRowError[];
}

/** Records of a CSV text, each with the file line it starts on; an unclosed quote is flagged. */
export function parseCsv(text: string): { line: number; fields: string[]; unclosed?: boolean }[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: { line: number; fields: string[]; unclosed?: boolean }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    out.push({ line: start, fields });
    fields = [];
    field = '';
  };
  while (i < s.length) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else if (c === '\r' && s[i + 1] === '\n') {
        // A line break inside quotes is kept as one \n, whichever system wrote the file.
      } else {
        if (c === '\n') line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else field += c;
    i++;
  }
  if (quoted) {
    fields.push(field);
    out.push({ line: start, fields, unclosed: true });
  } else if (field !== '' || fields.length > 0) endRecord();
  return out;
}

const HEADERS: Record<keyof CustomerFields, readonly string[]> = {
  name: ['name', '户名', '姓名', '客户名称', '用户名称'],
  account: ['account', '户号', '客户编号', '用户编号'],
  address: ['address', '地址', '用电地址'],
  phone: ['phone', '电话', '联系电话', '手机'],
  usage: ['usage', '用电类别', '用电类型', '类别'],
  voltage: ['voltage', '电压', '电压等级'],
  flags: ['flags', '标记', '身份', '重点客户'],
};

const USAGE_WORDS: Record<string, Usage> = {
  residential: 'residential', 居民: 'residential', 居民生活: 'residential', 城乡居民: 'residential',
  nonresidential: 'nonResidential', 非居民: 'nonResidential', 商业: 'nonResidential', 一般工商业: 'nonResidential', 非居民照明: 'nonResidential',
  agricultural: 'agricultural', 农业: 'agricultural', 农业生产: 'agricultural', 农排: 'agricultural',
  industrial: 'industrial', 工业: 'industrial', 大工业: 'industrial',
};

const FLAG_WORDS: Record<string, Flag> = {
  deputy: 'deputy', 人大代表: 'deputy', 政协委员: 'deputy', 代表: 'deputy',
  media: 'media', 媒体: 'media', 新闻媒体: 'media',
  supervisor: 'supervisor', 社会监督员: 'supervisor', 监督员: 'supervisor', 行风监督员: 'supervisor',
};

const VOLTAGE_RE = /^\s*\d+(?:\.\d+)?\s*(kv|千伏|v|伏)?\s*$/i;

export function parseCustomersCsv(text: string): CsvImport {
  const records = parseCsv(text).filter((r) => !(r.fields.length === 1 && r.fields[0]!.trim() === '' && !r.unclosed));
  const errors: CsvRowError[] = [];
  const customers: CsvImport['customers'] = [];
  const header = records.shift();
  if (!header) return { customers, errors: [{ row: 1, code: 'header.missing' }] };
  const col: Partial<Record<keyof CustomerFields, number>> = {};
  header.fields.forEach((h, i) => {
    const key = h.trim().toLowerCase();
    for (const [field, names] of Object.entries(HEADERS) as [keyof CustomerFields, readonly string[]][]) {
      if (names.some((n) => n.toLowerCase() === key) && col[field] === undefined) col[field] = i;
    }
  });
  if (col.name === undefined) return { customers, errors: [{ row: header.line, code: 'header.noName' }] };
  if (col.account === undefined) return { customers, errors: [{ row: header.line, code: 'header.noAccount' }] };
  const seen = new Set<string>();
  for (const r of records) {
    const fail = (code: CsvProblem, detail?: string) => errors.push({ row: r.line, code, ...(detail ? { detail } : {}) });
    if (r.unclosed) {
      fail('row.quote');
      continue;
    }
    if (r.fields.length !== header.fields.length) {
      fail('row.columns', String(r.fields.length));
      continue;
    }
    const get = (k: keyof CustomerFields) => (col[k] === undefined ? '' : r.fields[col[k]!]!.trim());
    const name = get('name');
    const account = get('account');
    if (!name) {
      fail('name.missing');
      continue;
    }
    if (!account) {
      fail('account.missing');
      continue;
    }
    if ([name, account, get('address'), get('phone'), get('voltage')].some((v) => v.length > 200)) {
      fail('tooLong');
      continue;
    }
    const usageRaw = get('usage');
    const usage = usageRaw ? USAGE_WORDS[usageRaw.replace(/\s+/g, '').toLowerCase()] ?? USAGE_WORDS[usageRaw] : 'residential';
    if (!usage) {
      fail('usage.unknown', usageRaw);
      continue;
    }
    const voltage = get('voltage');
    if (voltage && !VOLTAGE_RE.test(voltage)) {
      fail('voltage.invalid', voltage);
      continue;
    }
    const flagWords = get('flags').split(/[;；|、,，\s]+/).filter(Boolean);
    const flags = flagWords.map((w) => FLAG_WORDS[w.toLowerCase()] ?? FLAG_WORDS[w]);
    const badFlag = flagWords.find((_, i) => !flags[i]);
    if (badFlag) {
      fail('flag.unknown', badFlag);
      continue;
    }
    if (seen.has(account)) {
      fail('account.duplicate', account);
      continue;
    }
    seen.add(account);
    customers.push({ row: r.line, name, account, address: get('address'), phone: get('phone'), usage, voltage, flags: [...new Set(flags as Flag[])] });
  }
  return { customers, errors };
}

/** The customer's id follows the account number, so importing the file again updates, never doubles. */
export function customerIdOf(account: string): string {
  const safe = account.replace(/[^\w-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
  return `cu-${safe}`.slice(0, 64);
}

export function customerUpsert(id: string, fields: Partial<CustomerFields>, base: Record<string, string | null> = {}): MutationBody {
  return { name: 'record.upsert', args: { type: 'customer', id, fields: { ...fields }, base } };
}

export function importMutations(parsed: CsvImport): MutationBody[] {
  return parsed.customers.map(({ row: _row, ...fields }) => customerUpsert(customerIdOf(fields.account), fields));
}

export type CustomerErrors = Partial<Record<keyof CustomerFields, 'required' | 'voltage.invalid' | 'tooLong'>>;

export function validateCustomer(c: Omit<CustomerFields, 'flags'>): CustomerErrors {
  const e: CustomerErrors = {};
  if (!c.name.trim()) e.name = 'required';
  if (!c.account.trim()) e.account = 'required';
  if (c.voltage.trim() && !VOLTAGE_RE.test(c.voltage)) e.voltage = 'voltage.invalid';
  for (const k of ['name', 'account', 'address', 'phone'] as const) if (!e[k] && c[k].length > 200) e[k] = 'tooLong';
  return e;
}
