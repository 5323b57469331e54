import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { customerIdOf, importMutations, parseCsv, parseCustomersCsv } from '../../../src/domain/customers-csv';
import { checkMutation } from '../../../src/domain/mutations';
import { initI18n } from '../../../src/i18n';
import { ImportReport } from '../../../src/ui/customers/CustomersPage';

afterEach(() => cleanup());

const FILE = [
  '\uFEFF户号,户名,地址,电话,用电类别,电压等级,标记',
  '1001,张三,"李家村3组, 东头",13800000001,居民,0.22kV,',
  '1002,"王""老五""",王家村,13800000002,非居民,0.4kV,媒体',
  '1003,,赵家村,13800000003,居民,0.22kV,', // row 4: no name
  '1004,县水泥厂,"工业园区',
  '一号路",0731-1234567,工业,10kV,', // rows 5–6: one record over two lines
  '1005,钱七,钱家村,13800000005,外星,0.22kV,', // row 7: unknown usage
  '1006,孙八,孙家村', // row 8: too few columns
  '1001,张三重复,李家村,13800000001,居民,0.22kV,', // row 9: account repeated
  '1007,周九,周家村,13800000007,农业,高压,', // row 10: voltage not understood
  '1008,吴十,吴家村,13800000008,居民,0.22kV,人大代表;社会监督员',
  '',
  '1009,郑十一,"郑家村', // row 13: the quote never closes
].join('\r\n');

describe('parseCsv', () => {
  it('handles BOM, CRLF, quoted commas, doubled quotes and line breaks inside quotes', () => {
    const r = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\n"two\nlines",z');
    expect(r).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] },
    ]);
    expect(parseCsv('a,b\n')).toEqual([{ line: 1, fields: ['a', 'b'] }]);
  });
});

describe('importing the customer directory', () => {
  it('imports the good rows and lists each bad one by row number and reason', () => {
    const r = parseCustomersCsv(FILE);
    expect(r.customers.map((c) => c.account)).toEqual(['1001', '1002', '1004', '1008']);
    expect(r.customers[0]).toMatchObject({ row: 2, name: '张三', address: '李家村3组, 东头', usage: 'residential', voltage: '0.22kV', flags: [] });
    expect(r.customers[1]).toMatchObject({ name: '王"老五"', usage: 'nonResidential', flags: ['media'] });
    expect(r.customers[2]).toMatchObject({ row: 5, address: '工业园区\n一号路', usage: 'industrial', voltage: '10kV' });
    expect(r.customers[3]!.flags).toEqual(['deputy', 'supervisor']);
    expect(r.errors.map((e) => [e.row, e.code])).toEqual([
      [4, 'name.missing'],
      [7, 'usage.unknown'],
      [8, 'row.columns'],
      [9, 'account.duplicate'],
      [10, 'voltage.invalid'],
      [13, 'row.quote'],
    ]);
    const ms = importMutations(r);
    expect(ms).toHaveLength(4);
    for (const m of ms) expect(checkMutation(m).ok).toBe(true);
    expect(ms[0]!.name === 'record.upsert' && ms[0]!.args.id).toBe(customerIdOf('1001'));
  });

  it('without BOM, with English headers; a file with no name column is refused as a whole', () => {
    const r = parseCustomersCsv('name,account,usage\nA,1,residential\nB,2,industrial\n');
    expect(r.customers).toHaveLength(2);
    expect(r.errors).toEqual([]);
    expect(parseCustomersCsv('account,phone\n1,2').errors).toEqual([{ row: 1, code: 'header.noName' }]);
    expect(parseCustomersCsv('').errors).toEqual([{ row: 1, code: 'header.missing' }]);
  });

  it('the report is translated: zh-CN and en', async () => {
    const report = parseCustomersCsv(FILE);
    await initI18n('zh-CN');
    render(<ImportReport report={report} />);
    expect(screen.getByTestId('import-done').textContent).toBe('已导入 4 户。');
    const items = [...screen.getByTestId('import-problems').querySelectorAll('li')].map((li) => li.textContent);
    expect(items[0]).toBe('第 4 行：缺少户名');
    expect(items).toContain('第 8 行：列数不对');
    cleanup();
    await initI18n('en');
    render(<ImportReport report={report} />);
    const en = [...screen.getByTestId('import-problems').querySelectorAll('li')].map((li) => li.textContent);
    expect(en).toEqual([
      'Row 4: no name',
      'Row 7: unknown usage type',
      'Row 8: wrong number of columns',
      'Row 9: account number repeated in the file',
      'Row 10: voltage not understood',
      'Row 13: a quotation mark is not closed',
    ]);
  });
});
