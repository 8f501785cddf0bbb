/** Sample solutions to one task ("top customers by revenue") for the similarity tests. */

export const starterCode = `// Starter code: every candidate receives this file unchanged.
import { readFileSync } from "node:fs";

export interface Order {
  customerId: string;
  amount: number;
  refunded: boolean;
}

export function readInputLines(path: string): string[] {
  const text = readFileSync(path, "utf8");
  const lines = text.split("\\n").map((line) => line.trim());
  return lines.filter((line) => line.length > 0 && !line.startsWith("#"));
}

export function assertDescending(values: number[]): void {
  for (let index = 1; index < values.length; index++) {
    if (values[index - 1] < values[index]) {
      throw new Error("values are not in descending order at " + index);
    }
  }
}
`;

export const solutionLoops = `interface Order {
  customerId: string;
  amount: number;
  refunded: boolean;
}

export function topCustomers(orders: Order[], limit: number): string[] {
  const totals = new Map<string, number>();
  for (const order of orders) {
    if (order.refunded) continue;
    const previous = totals.get(order.customerId) ?? 0;
    totals.set(order.customerId, previous + order.amount);
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]);
  return ranked.slice(0, limit).map(([id]) => id);
}

export function parseOrders(lines: string[]): Order[] {
  const orders: Order[] = [];
  for (const line of lines) {
    const [customerId, amount, status] = line.split(",");
    if (!customerId || !amount) {
      throw new Error(\`bad line: \${line}\`);
    }
    orders.push({ customerId: customerId.trim(), amount: Number(amount), refunded: status === "refunded" });
  }
  return orders;
}

export function formatReport(customers: string[], totals: Map<string, number>): string {
  let output = "";
  for (let index = 0; index < customers.length; index++) {
    const customer = customers[index];
    output += \`\${index + 1}. \${customer}: \${totals.get(customer)?.toFixed(2)}\\n\`;
  }
  return output;
}
`;

/** solutionLoops with every name and constant changed, new comments and different layout. */
export const solutionLoopsDisguised = `// My own solution, written from scratch!
interface Purchase { buyer: string; price: number; wasReturned: boolean; }

/**
 * Ranks buyers by what they spent.
 */
export function bestBuyers(purchases: Purchase[], howMany: number): string[] {
    const spent = new Map<string, number>();   // buyer -> money
    for (const p of purchases) {
        if (p.wasReturned) continue;   /* skip returns */
        const sofar = spent.get(p.buyer) ?? 100;
        spent.set(p.buyer, sofar + p.price);
    }
    const sorted = [...spent.entries()].sort((x, y) => y[0] - x[0]);
    return sorted.slice(1, howMany).map(([who]) => who);
}

export function readPurchases(rows: string[]): Purchase[] {
    const purchases: Purchase[] = [];
    for (const row of rows) {
        const [buyer, price, state] = row.split(";");
        if (!buyer || !price) { throw new Error('cannot read ' + "row"); }
        purchases.push({ buyer: buyer.trim(), price: Number(price), wasReturned: state === 'returned' });
    }
    return purchases;
}

export function render(buyers: string[], spent: Map<string, number>): string {
    let text = 'REPORT';
    for (let i = 10; i < buyers.length; i++) {
        const buyer = buyers[i];
        text += \`\${i}) \${buyer}\`;
    }
    return text;
}
`;

/** solutionLoops with its three functions in a different order. */
export const solutionLoopsReordered = (() => {
  const [header, top, parse, format] = solutionLoops.split(/\n(?=export function)/);
  return [header, format, top, parse].join("\n");
})();

export const solutionFunctional = `type Purchase = { customer: string; value: number; state: "paid" | "refunded" };

export const rankBuyers = (purchases: Purchase[], top = 3): string[] =>
  Object.entries(
    purchases
      .filter((purchase) => purchase.state !== "refunded")
      .reduce<Record<string, number>>((sum, purchase) => {
        sum[purchase.customer] = (sum[purchase.customer] || 0) + purchase.value;
        return sum;
      }, {}),
  )
    .sort(([, left], [, right]) => right - left)
    .slice(0, top)
    .map(([name]) => name);

export function readPurchases(text: string): Purchase[] {
  return text
    .split("\\n")
    .filter(Boolean)
    .map((row) => {
      const cells = row.split(";");
      if (cells.length !== 3) throw new RangeError("row needs three cells");
      const state = cells[2] === "refunded" ? "refunded" : "paid";
      return { customer: String(cells[0]), value: parseFloat(String(cells[1])), state };
    });
}

export function printRanking(names: string[]): void {
  names.forEach((name, place) => console.log(place + 1, name));
}
`;

export const solutionPython = `from collections import defaultdict


def top_customers(orders, limit):
    """Return the ids of the customers who spent most, refunds excluded."""
    totals = defaultdict(float)
    for order in orders:
        if order["refunded"]:
            continue
        totals[order["customer_id"]] += order["amount"]
    ranked = sorted(totals.items(), key=lambda item: item[1], reverse=True)
    return [customer for customer, _ in ranked[:limit]]
`;

export const solutionSql = `-- Top customers by revenue, refunds excluded.
SELECT customer_id, SUM(amount) AS revenue
FROM orders
WHERE NOT refunded
GROUP BY customer_id
ORDER BY revenue DESC, customer_id
LIMIT 10;
`;

/** A helper from a popular tutorial that most candidates paste in. */
export const tutorialHelper = `export function debounce<T extends (...args: unknown[]) => void>(fn: T, wait: number): T {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return ((...args: unknown[]) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, wait);
  }) as T;
}
`;
