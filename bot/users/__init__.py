"""Users of the product: accounts, roles, passwords and who may see which citizen."""
