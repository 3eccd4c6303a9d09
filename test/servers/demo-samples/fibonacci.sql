WITH RECURSIVE fibonacci(n, a, b) AS (
  SELECT 0, 0, 1
  UNION ALL
  SELECT n + 1, b, a + b FROM fibonacci WHERE n < 20
)
SELECT n, a AS value
FROM fibonacci;
