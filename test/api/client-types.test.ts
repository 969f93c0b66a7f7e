// The SDK's hand-written wire types (src/client/types.ts) must equal the server's
// schemas' static types, so that the client, which imports nothing from the server,
// cannot drift from it. Checked by the compiler (tsc runs over test/) and by vitest.
import type { Static } from 'typebox';
import { describe, expectTypeOf, it } from 'vitest';
import type * as Client from '../../src/client/index.ts';
import type * as Schemas from '../../src/server/api/schemas.ts';
import type * as ClearingSchemas from '../../src/server/api/clearing-schemas.ts';
import type * as HedgeSchemas from '../../src/server/api/hedge-schemas.ts';
import type * as BenchmarkSchemas from '../../src/server/http/benchmark-schemas.ts';
import type * as ContractSchemas from '../../src/server/http/contract-schemas.ts';
import type { serverMessageSchemas } from '../../src/server/ws/messages.ts';

type S<K extends keyof typeof serverMessageSchemas> = Static<(typeof serverMessageSchemas)[K]>;

describe('client wire types equal the server schemas', () => {
  it('REST', () => {
    expectTypeOf<Static<typeof Schemas.OrderRequest>>().toEqualTypeOf<Client.OrderRequest>();
    expectTypeOf<Static<typeof Schemas.ReplaceRequest>>().toEqualTypeOf<Client.ReplaceRequest>();
    expectTypeOf<Static<typeof Schemas.Order>>().toEqualTypeOf<Client.Order>();
    expectTypeOf<Static<typeof Schemas.OrderAck>>().toEqualTypeOf<Client.OrderAck>();
    expectTypeOf<Static<typeof Schemas.Fill>>().toEqualTypeOf<Client.Fill>();
    expectTypeOf<Static<typeof Schemas.Trade>>().toEqualTypeOf<Client.Trade>();
    expectTypeOf<Static<typeof Schemas.Instrument>>().toEqualTypeOf<Client.Instrument>();
    expectTypeOf<Static<typeof Schemas.Book>>().toEqualTypeOf<Client.Book>();
    expectTypeOf<Static<typeof Schemas.CancelAllAfterResponse>>().toEqualTypeOf<Client.CancelAllAfter>();
    expectTypeOf<Static<typeof Schemas.OrderRejectedBody>>().toEqualTypeOf<Client.ErrorBody>();
  });

  it('clearing', () => {
    expectTypeOf<Static<typeof ClearingSchemas.AccountResponse>>().toEqualTypeOf<Client.Account>();
    expectTypeOf<Static<typeof ClearingSchemas.PositionLine>>().toEqualTypeOf<Client.PositionLine>();
    expectTypeOf<Static<typeof ClearingSchemas.MarginResponse>>().toEqualTypeOf<Client.Margin>();
    expectTypeOf<Static<typeof ClearingSchemas.Settlement>>().toEqualTypeOf<Client.Settlement>();
    expectTypeOf<Static<typeof ClearingSchemas.StatementResponse>>().toEqualTypeOf<Client.Statement>();
  });

  it('hedging', () => {
    expectTypeOf<Static<typeof HedgeSchemas.HedgePlanRequest>>().toEqualTypeOf<Client.HedgePlanRequest>();
    expectTypeOf<Static<typeof HedgeSchemas.HedgeOrder>>().toEqualTypeOf<Client.HedgeOrder>();
  });

  it('benchmarks and contracts', () => {
    expectTypeOf<Static<typeof BenchmarkSchemas.BenchmarkListing>>().toEqualTypeOf<Client.BenchmarkListing>();
    expectTypeOf<Static<typeof BenchmarkSchemas.HistoryResponse>>().toEqualTypeOf<Client.BenchmarkHistory>();
    expectTypeOf<Static<typeof BenchmarkSchemas.FixingResponse>>().toEqualTypeOf<Client.BenchmarkFixing>();
    expectTypeOf<Static<typeof BenchmarkSchemas.MethodologyResponse>>().toEqualTypeOf<Client.BenchmarkMethodology>();
    expectTypeOf<Static<typeof ContractSchemas.CalendarResponse>>().toEqualTypeOf<Client.Calendar>();
    expectTypeOf<Static<typeof ContractSchemas.ProductView>>().toEqualTypeOf<Client.ProductSpecView>();
    expectTypeOf<Static<typeof ContractSchemas.InstrumentStateView>>().toEqualTypeOf<Client.InstrumentState>();
  });

  it('WebSocket', () => {
    expectTypeOf<S<'bookSnapshot'>>().toEqualTypeOf<Client.BookSnapshotMessage>();
    expectTypeOf<S<'bookUpdate'>>().toEqualTypeOf<Client.BookUpdateMessage>();
    expectTypeOf<S<'trades'>>().toEqualTypeOf<Client.TradesMessage>();
    expectTypeOf<S<'status'>>().toEqualTypeOf<Client.StatusMessage>();
    expectTypeOf<S<'orders'>>().toEqualTypeOf<Client.OrdersMessage>();
    expectTypeOf<S<'fills'>>().toEqualTypeOf<Client.FillsMessage>();
    expectTypeOf<S<'positions'>>().toEqualTypeOf<Client.PositionsMessage>();
    expectTypeOf<S<'margin'>>().toEqualTypeOf<Client.MarginMessage>();
    expectTypeOf<S<'heartbeat'>>().toEqualTypeOf<Client.HeartbeatMessage>();
    expectTypeOf<S<'resync'>>().toEqualTypeOf<Client.ResyncMessage>();
    expectTypeOf<S<'result'>>().toEqualTypeOf<Client.ResultMessage>();
    expectTypeOf<S<'error'>>().toEqualTypeOf<Client.ErrorMessage>();
    expectTypeOf<S<'loggedIn'>>().toEqualTypeOf<Client.LoggedInMessage>();
    expectTypeOf<S<'pong'>>().toEqualTypeOf<Client.PongMessage>();
  });
});
