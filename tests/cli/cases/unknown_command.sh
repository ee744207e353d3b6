$RELMARK frobnicate
