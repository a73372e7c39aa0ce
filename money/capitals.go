package money

// Capitals writes the amount in Chinese capitals (大写金额) as banks write it on bills,
// contracts and receipts, after the PBOC's rules for filling in bills and settlement
// vouchers (《支付结算办法》附件一《正确填写票据和结算凭证的基本规定》):
//
//	1000000.00 壹佰万元整
//	1409.50    壹仟肆佰零玖元伍角整
//	6007.14    陆仟零柒元壹角肆分
//	107000.53  壹拾万柒仟元零伍角叁分
//	16409.02   壹万陆仟肆佰零玖元零贰分
//	100000001  壹亿零壹元整
//	0.05       伍分
//	0.00       零元整
//
// Digits are 壹贰叁肆伍陆柒捌玖, units 拾佰仟 within a group of four digits and 万, 亿
// between groups; amounts of 万亿 and more count their 亿 in 万 (壹万亿元整), and the
// largest amounts Money holds, from 10^16 yuan, write their top digit before 亿亿.
// Where the regulation leaves a choice, Capitals takes one and keeps to it:
//
//   - 拾 always has its digit: 壹拾元整, 壹拾万零壹拾元整, never 拾元整 (a bare 拾 is
//     easily altered).
//   - Zeros are read as in speech: one 零 for a run of zeros between two non-zero
//     digits, also across an empty 万 group (壹亿零壹仟元整), but none for the zeros that
//     end a group before the next group's unit (壹拾万柒仟元整 for 107000).
//   - When the yuan end in 0 and there are jiao, or there are fen but no jiao, 元 is
//     followed by 零 (壹拾万柒仟元零伍角叁分, 壹拾元零伍分; the regulation's rule 3 allows
//     either form, its rule 4 demands the second).
//   - 整 closes every amount without fen, after 元 or after 角 (the regulation requires it
//     after 元 and allows it after 角; written, it keeps a 分 from being added), and
//     never follows 分.
//   - An amount under one yuan has no 元: 伍角整, 伍分; zero is 零元整.
//   - A negative amount, which no bill carries, is written with 负 before it: 负伍元整.
//
// The currency's name, 人民币, which the regulation puts before the amount, is left to
// the document.
func (m Money) Capitals() string {
	f := m.fen
	if f == 0 {
		return "零元整"
	}
	var buf [256]byte // the largest amount takes 49 characters of 3 bytes
	b := buf[:0]
	if f < 0 {
		b = append(b, "负"...)
		f = -f // never math.MinInt64
	}
	yuan, jiao, fen := uint64(f)/100, f/10%10, f%10
	if yuan > 0 {
		b = appendCapitalYuan(b, yuan)
		b = append(b, "元"...)
	}
	if jiao == 0 && fen == 0 {
		return string(append(b, "整"...))
	}
	if yuan > 0 && (yuan%10 == 0 || jiao == 0) {
		b = append(b, "零"...)
	}
	if jiao > 0 {
		b = append(b, capitalDigits[jiao]...)
		b = append(b, "角"...)
	}
	if fen == 0 {
		return string(append(b, "整"...))
	}
	b = append(b, capitalDigits[fen]...)
	return string(append(b, "分"...))
}

var (
	capitalDigits = [10]string{"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"}
	capitalUnits  = [4]string{"", "拾", "佰", "仟"}
)

// appendCapitalYuan writes n > 0: the count of each big unit (亿亿, 亿, 万) as a number of
// its own, then the unit, then what remains, after a 零 when the remainder's first
// place is empty.
func appendCapitalYuan(b []byte, n uint64) []byte {
	for _, big := range [...]struct {
		div  uint64
		unit string
	}{{1e16, "亿亿"}, {1e8, "亿"}, {1e4, "万"}} {
		if n < big.div {
			continue
		}
		b = appendCapitalYuan(b, n/big.div)
		b = append(b, big.unit...)
		rest := n % big.div
		if rest == 0 {
			return b
		}
		if rest < big.div/10 {
			b = append(b, "零"...)
		}
		return appendCapitalYuan(b, rest)
	}
	return appendCapitalGroup(b, n)
}

// appendCapitalGroup writes 0 < n < 10000, with one 零 for zeros between digits and none
// for trailing zeros: 1010 is 壹仟零壹拾.
func appendCapitalGroup(b []byte, n uint64) []byte {
	started, zero := false, false
	for p := 3; p >= 0; p-- {
		d := n / pow10[p] % 10
		if d == 0 {
			zero = started
			continue
		}
		if zero {
			b = append(b, "零"...)
			zero = false
		}
		b = append(b, capitalDigits[d]...)
		b = append(b, capitalUnits[p]...)
		started = true
	}
	return b
}
