1	SELECT count(*) FROM ratings
final:completed:8:en:moving	SELECT state || ':' || end_reason || ':' || grade || ':' || language || ':' || service FROM ratings
3	SELECT count(*) FROM answers
0	SELECT count(*) FROM answers WHERE value = 0 AND norm_id NOT IN (SELECT value FROM json_each('["' || replace((SELECT planned_norms FROM ratings), ',', '","') || '"]'))
