2	SELECT count(*) FROM ratings
nl	SELECT language FROM ratings WHERE grade = 10 AND state = 'final'
1	SELECT count(*) FROM ratings WHERE grade = 3 AND language <> 'nl' AND language IN ('en', 'bg', 'cs', 'da', 'de', 'el', 'es', 'et', 'fi', 'fr', 'ga', 'hu', 'it', 'lt', 'lv', 'mt', 'pl', 'pt', 'ro', 'sk', 'sl', 'sv')
