@LANG@:final:completed:6:driving-licence	SELECT language || ':' || state || ':' || end_reason || ':' || grade || ':' || service FROM ratings
3	SELECT count(*) FROM answers
