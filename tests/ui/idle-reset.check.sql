final:timed-out:9:birth	SELECT state || ':' || end_reason || ':' || grade || ':' || service FROM ratings
0	SELECT count(*) FROM answers
