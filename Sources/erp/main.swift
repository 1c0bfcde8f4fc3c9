print("erp")
