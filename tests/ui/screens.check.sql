@LANG@:final:completed:8:moving	SELECT language || ':' || state || ':' || end_reason || ':' || grade || ':' || service FROM ratings
