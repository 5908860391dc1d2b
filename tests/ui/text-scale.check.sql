# EXPECTED<TAB>SQL: the visit went on through both rebuilds
open:7:moving	SELECT state || ':' || grade || ':' || service FROM ratings
1	SELECT count(*) FROM answers
