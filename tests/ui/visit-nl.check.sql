1	SELECT count(*) FROM ratings
final:completed:7:nl:passport	SELECT state || ':' || end_reason || ':' || grade || ':' || language || ':' || service FROM ratings
3,2,1	SELECT group_concat(value) FROM (SELECT value FROM answers ORDER BY instr((SELECT planned_norms FROM ratings), norm_id))
