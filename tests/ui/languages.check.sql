1	SELECT count(*) FROM ratings WHERE state = 'final'
nl	SELECT language FROM ratings
