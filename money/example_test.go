package money_test

import (
	"encoding/json"
	"fmt"

	"github.com/govalues/decimal"

	"github.com/jinzhi-dev/jinzhi/money"
)

// Amounts are exact: strings in, strings out, never a float.
func ExampleParseMoney() {
	m, _ := money.ParseMoney("1234.5")
	fmt.Println(m)
	b, _ := json.Marshal(m)
	fmt.Println(string(b))
	_, err := money.ParseMoney("1234.567")
	fmt.Println(err)
	var v money.Money
	fmt.Println(json.Unmarshal([]byte(`1234.5`), &v))
	// Output:
	// 1234.50
	// "1234.50"
	// money: amount "1234.567": invalid amount: want digits with at most 2 fraction digits, like "1234.50"
	// money: an amount must be a JSON string such as "0.00", got 1234.5
}

// Half-up (四舍五入) is the default; a policy may choose half-even.
func ExampleRounding() {
	for _, s := range []string{"2.345", "2.355", "-2.345"} {
		d := decimal.MustParse(s)
		up, _ := money.HalfUp.Money(d)
		even, _ := money.HalfEven.Money(d)
		fmt.Println(s, up, even)
	}
	// Output:
	// 2.345 2.35 2.34
	// 2.355 2.36 2.36
	// -2.345 -2.35 -2.34
}

// Due dates keep the disbursement's day of the month where the month has it.
func ExampleDate_AddMonths() {
	d := money.MustDate("2025-01-31")
	for n := 1; n <= 3; n++ {
		fmt.Println(d.AddMonths(n))
	}
	// Output:
	// 2025-02-28
	// 2025-03-31
	// 2025-04-30
}

// Amounts in Chinese capitals, as a contract or receipt writes them after 人民币.
func ExampleMoney_Capitals() {
	for _, s := range []string{"1000000.00", "1409.50", "107000.53", "100000001.00", "0.05", "0.00"} {
		fmt.Println(s, money.MustMoney(s).Capitals())
	}
	// Output:
	// 1000000.00 壹佰万元整
	// 1409.50 壹仟肆佰零玖元伍角整
	// 107000.53 壹拾万柒仟元零伍角叁分
	// 100000001.00 壹亿零壹元整
	// 0.05 伍分
	// 0.00 零元整
}
