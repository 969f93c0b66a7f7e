/**
 * Working orders per account in one book (for the per-account limit), as counts in
 * pages of 256 accounts indexed by the engine's interned account number.
 *
 * It replaces a Map from account to a state object, which cost a hash lookup on every
 * accepted, cancelled and filled order. Account numbers are small dense integers, so a
 * count is two array loads; a page exists only once an account of its range has had
 * an order in this book, so memory follows the accounts the book has seen, not the
 * largest account number.
 *
 * Complexity: get and add O(1); memory one 1 KiB page per 256-account range used.
 */
const pageBits = 8;
const pageSize = 1 << pageBits;
const pageMask = pageSize - 1;

export class AccountCounts {
  private readonly pages: (Int32Array | undefined)[] = [];

  /** The count of `account` (>= 0); 0 for an account never counted. */
  get(account: number): number {
    const p = account >>> pageBits;
    const page = p < this.pages.length ? this.pages[p] : undefined;
    return page === undefined ? 0 : page[account & pageMask]!;
  }

  add(account: number, delta: number): void {
    const p = account >>> pageBits;
    // Filled with undefined, never holes: a packed array stays fast to index.
    while (this.pages.length <= p) this.pages.push(undefined);
    let page = this.pages[p];
    if (page === undefined) {
      page = new Int32Array(pageSize);
      this.pages[p] = page;
    }
    page[account & pageMask] = page[account & pageMask]! + delta;
  }
}
