
	bad id