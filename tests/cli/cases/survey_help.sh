$RELMARK help survey
