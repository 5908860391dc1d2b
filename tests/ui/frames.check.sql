# EXPECTED<TAB>SQL
open:8	SELECT state || ':' || grade FROM ratings
