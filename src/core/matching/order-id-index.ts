/**
 * orderId -> slot for one book, as a paged direct table instead of a hash map.
 *
 * Order ids are assigned by the engine in increasing order, so the ids alive at one
 * time cluster in few pages. A page of 1024 slots is allocated when its first id is
 * set and dropped when its last id is deleted, so memory follows the live orders. The
 * last dropped page (all -1 again) is kept for the next one: ids advance steadily, so
 * pages come and go all the time.
 *
 * Complexity: get/set/delete O(1) with no hashing.
 */
const pageBits = 10;
const pageSize = 1 << pageBits;
const pageMask = pageSize - 1;

export class OrderIdIndex {
  private pages: (Int32Array | undefined)[] = [];
  private pageLive: number[] = [];
  private spare: Int32Array | undefined = undefined;

  /** The slot of `orderId`, or -1. */
  get(orderId: number): number {
    if (!(orderId >= 1 && Number.isSafeInteger(orderId))) return -1;
    const page = this.pages[Math.floor(orderId / pageSize)];
    return page === undefined ? -1 : page[orderId & pageMask]!;
  }

  set(orderId: number, slot: number): void {
    const p = Math.floor(orderId / pageSize);
    while (this.pages.length <= p) {
      this.pages.push(undefined);
      this.pageLive.push(0);
    }
    let page = this.pages[p];
    if (page === undefined) {
      page = this.spare ?? new Int32Array(pageSize).fill(-1);
      this.spare = undefined;
      this.pages[p] = page;
    }
    page[orderId & pageMask] = slot;
    this.pageLive[p]!++;
  }

  delete(orderId: number): void {
    const p = Math.floor(orderId / pageSize);
    const page = this.pages[p];
    if (page === undefined || page[orderId & pageMask] === -1) return;
    page[orderId & pageMask] = -1;
    if (--this.pageLive[p]! === 0) {
      this.spare = page;
      this.pages[p] = undefined;
    }
  }
}
