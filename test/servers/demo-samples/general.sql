-- Monthly revenue per customer, with each customer's share of the month.
SELECT
  c.name,
  strftime('%Y-%m', o.ordered_at) AS month,
  SUM(o.total) AS revenue,
  ROUND(100.0 * SUM(o.total) / SUM(SUM(o.total)) OVER (PARTITION BY strftime('%Y-%m', o.ordered_at)), 1) AS share_pct
FROM orders AS o
JOIN customers AS c ON c.id = o.customer_id
GROUP BY c.name, month
ORDER BY month, revenue DESC;
