5	SELECT count(*) FROM ratings WHERE language = 'nl'
1,2,3,4,5	SELECT group_concat(grade) FROM (SELECT grade FROM ratings ORDER BY seq)
stopped,stopped,stopped,stopped,timed-out	SELECT group_concat(end_reason) FROM (SELECT end_reason FROM ratings ORDER BY seq)
