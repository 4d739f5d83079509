print("tslog")
