import { describe, expect, it } from 'vitest';
import { PAGE_REQUEST_BUDGET, pageBudgetProblems } from './pageWeight';
import type { PageWeight } from './pageWeight';

const weight = (page: string, gzip: number, js: number, css: number): PageWeight => ({
  page,
  html: { raw: 300, gzip: 200, files: 1 },
  js: { raw: gzip * 3, gzip, files: js },
  css: { raw: 0, gzip: 0, files: css },
  fonts: { raw: 0, gzip: 0, files: 0 },
  requests: 1 + js + css,
});

describe('page budgets (issue 14)', () => {
  it('accepts a page at its budget, refuses one byte more or a seventh code/style request', () => {
    expect(pageBudgetProblems(weight('ops-center.html', 250 * 1024, 3, 1))).toEqual([]);
    expect(pageBudgetProblems(weight('ops-center.html', 250 * 1024 + 1, 3, 1))).toHaveLength(1);
    expect(PAGE_REQUEST_BUDGET).toBe(6);
    expect(pageBudgetProblems(weight('vm-bulk.html', 1000, 5, 1))).toEqual([]);
    expect(pageBudgetProblems(weight('vm-bulk.html', 1000, 5, 2))).toHaveLength(1);
  });

  it('refuses a page nobody gave a budget', () => {
    expect(pageBudgetProblems(weight('new-page.html', 1, 1, 0))).toEqual([
      'new-page.html has no budget in PAGE_BUDGETS_GZIP',
    ]);
  });
});
