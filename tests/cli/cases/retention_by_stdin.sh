cat orders.csv | $RELMARK retention - --by segment
