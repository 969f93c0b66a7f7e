/**
 * A contract's specification as the exchange publishes it (`GET /v1/instruments/:symbol`):
 * product, unit, tick and tick value, order and position limits, margin rates, last
 * trading day and final settlement rules, and the contract's dates.
 */
import type { ReactNode } from 'react';
import type { InstrumentDetail } from '../../../src/client/index.ts';
import { bpsPercent } from '../lib/format.ts';

function Row({ name, children }: { readonly name: string; readonly children: ReactNode }): ReactNode {
  return (
    <tr>
      <th>{name}</th>
      <td>{children}</td>
    </tr>
  );
}

export function SpecTable({ detail }: { readonly detail: InstrumentDetail }): ReactNode {
  const p = detail.product;
  const c = detail.contract;
  return (
    <table className="kv" data-testid="spec-table">
      <tbody>
        <Row name="symbol">{detail.symbol}</Row>
        {p !== null && (
          <>
            <Row name="product">
              {p.name} ({p.root}, {p.family})
            </Row>
            <Row name="settles against">{p.benchmarkId}</Row>
            <Row name="contract unit">
              {p.contractUnit.amount} {p.contractUnit.unit}
            </Row>
            <Row name="quoted in">{p.quote.unit}</Row>
            <Row name="tick">
              {p.tickSize} = {p.tickValue} {p.quote.currency} per contract
            </Row>
          </>
        )}
        <Row name="lot">{detail.lotSize}</Row>
        <Row name="price range">
          {detail.priceMin} to {detail.priceMax}
        </Row>
        <Row name="largest order">{detail.qtyMax}</Row>
        {p !== null && (
          <>
            <Row name="block trades from">{p.blockMinLots} lots</Row>
            <Row name="margin">
              initial {bpsPercent(p.margin.initialBps)}, maintenance {bpsPercent(p.margin.maintenanceBps)} of the contract value
            </Row>
            <Row name="position limits">
              spot month {p.positionLimits.spotMonthLots}, single month {p.positionLimits.singleMonthLots}, all months{' '}
              {p.positionLimits.allMonthsLots} lots
            </Row>
            <Row name="last trading day">
              {p.lastTradingDay.rule.replace(/_/g, ' ')}
              {p.lastTradingDay.weekday !== null && ` (ISO weekday ${p.lastTradingDay.weekday})`}
            </Row>
            <Row name="daily settlement">{p.settlement.method.replace(/_/g, ' ')}</Row>
            <Row name="final settlement">
              {`${p.finalSettlement.method}, against the ${p.finalSettlement.against.replace(/_/g, ' ')}, `}
              {`${p.finalSettlement.lagBusinessDays} business day(s) after the last trading day`}
            </Row>
          </>
        )}
        {c !== null && (
          <>
            <Row name="listed">{c.listingDate}</Row>
            <Row name="last trading date">{c.lastTradingDate}</Row>
            <Row name="final settlement date">
              {c.finalSettlementDate}
              {c.provisional && ' (provisional: beyond the holiday calendar)'}
            </Row>
          </>
        )}
      </tbody>
    </table>
  );
}
