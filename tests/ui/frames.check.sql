# EXPECTED<TAB>SQL
open:8:moving	SELECT state || ':' || grade || ':' || service FROM ratings
