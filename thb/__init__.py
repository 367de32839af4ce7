"""THB Platform: Belgium's integrated fight against trafficking in human beings."""
