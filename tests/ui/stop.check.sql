3	SELECT count(*) FROM ratings
3	SELECT count(DISTINCT id) FROM ratings
final:stopped:6:other:1	SELECT state || ':' || end_reason || ':' || grade || ':' || service || ':' || (SELECT count(*) FROM answers a WHERE a.rating_id = r.id) FROM ratings r WHERE grade = 6
final:stopped:9:moving:0	SELECT state || ':' || end_reason || ':' || grade || ':' || service || ':' || (SELECT count(*) FROM answers a WHERE a.rating_id = r.id) FROM ratings r WHERE grade = 9
open::2::0	SELECT state || ':' || coalesce(end_reason, '') || ':' || grade || ':' || coalesce(service, '') || ':' || (SELECT count(*) FROM answers a WHERE a.rating_id = r.id) FROM ratings r WHERE grade = 2
