"""The book stage: what the chapters import to read one edition and say it honestly."""
