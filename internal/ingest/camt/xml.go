package camt

// The XML shapes of camt.053 (and of camt.052 and camt.054, which share them). One set of
// structs serves every version: element names barely changed between .001.02 and .001.08,
// and where they did (a party's name moved into Pty, the status into Sts/Cd, the BIC into
// BICFI) both spellings are mapped and the reader takes whichever is filled.

type xAmt struct {
	Ccy   string `xml:"Ccy,attr"`
	Value string `xml:",chardata"`
}

type xDate struct {
	Dt   string `xml:"Dt"`
	DtTm string `xml:"DtTm"`
}

type xGrpHdr struct {
	MsgID   string `xml:"MsgId"`
	CreDtTm string `xml:"CreDtTm"`
}

type xAcct struct {
	IBAN  string `xml:"Id>IBAN"`
	Othr  string `xml:"Id>Othr>Id"`
	Ccy   string `xml:"Ccy"`
	Owner string `xml:"Ownr>Nm"`
	BIC   string `xml:"Svcr>FinInstnId>BIC"`
	BICFI string `xml:"Svcr>FinInstnId>BICFI"`
}

type xBal struct {
	Cd        string `xml:"Tp>CdOrPrtry>Cd"`
	Prtry     string `xml:"Tp>CdOrPrtry>Prtry"`
	Amt       xAmt   `xml:"Amt"`
	CdtDbtInd string `xml:"CdtDbtInd"`
	Dt        xDate  `xml:"Dt"`
}

type xFrToDt struct {
	FrDtTm string `xml:"FrDtTm"`
	ToDtTm string `xml:"ToDtTm"`
}

// xSts is the entry status: text in .001.02 to .001.06, <Cd> or <Prtry> from .001.07.
type xSts struct {
	Text  string `xml:",chardata"`
	Cd    string `xml:"Cd"`
	Prtry string `xml:"Prtry"`
}

type xBkTxCd struct {
	Domn    string `xml:"Domn>Cd"`
	Fmly    string `xml:"Domn>Fmly>Cd"`
	SubFmly string `xml:"Domn>Fmly>SubFmlyCd"`
	Prtry   string `xml:"Prtry>Cd"`
}

type xNtry struct {
	NtryRef      string      `xml:"NtryRef"`
	Amt          xAmt        `xml:"Amt"`
	CdtDbtInd    string      `xml:"CdtDbtInd"`
	RvslInd      string      `xml:"RvslInd"`
	Sts          xSts        `xml:"Sts"`
	BookgDt      xDate       `xml:"BookgDt"`
	ValDt        xDate       `xml:"ValDt"`
	AcctSvcrRef  string      `xml:"AcctSvcrRef"`
	BkTxCd       xBkTxCd     `xml:"BkTxCd"`
	NtryDtls     []xNtryDtls `xml:"NtryDtls"`
	AddtlNtryInf string      `xml:"AddtlNtryInf"`
}

type xNtryDtls struct {
	Btch   *xBtch `xml:"Btch"`
	TxDtls []xTx  `xml:"TxDtls"`
}

type xBtch struct {
	MsgID     string `xml:"MsgId"`
	PmtInfID  string `xml:"PmtInfId"`
	NbOfTxs   string `xml:"NbOfTxs"`
	TtlAmt    xAmt   `xml:"TtlAmt"`
	CdtDbtInd string `xml:"CdtDbtInd"`
}

type xRefs struct {
	MsgID       string `xml:"MsgId"`
	AcctSvcrRef string `xml:"AcctSvcrRef"`
	PmtInfID    string `xml:"PmtInfId"`
	InstrID     string `xml:"InstrId"`
	EndToEndID  string `xml:"EndToEndId"`
	TxID        string `xml:"TxId"`
	MndtID      string `xml:"MndtId"`
}

// xParty is a party as .001.02 to .001.06 write it (Nm directly) or as .001.07+ do (Pty>Nm).
type xParty struct {
	Nm    string `xml:"Nm"`
	PtyNm string `xml:"Pty>Nm"`
}

func (p xParty) name() string {
	if p.Nm != "" {
		return p.Nm
	}
	return p.PtyNm
}

type xAcctID struct {
	IBAN string `xml:"Id>IBAN"`
	Othr string `xml:"Id>Othr>Id"`
}

type xRltdPties struct {
	Dbtr      xParty  `xml:"Dbtr"`
	DbtrAcct  xAcctID `xml:"DbtrAcct"`
	UltmtDbtr xParty  `xml:"UltmtDbtr"`
	Cdtr      xParty  `xml:"Cdtr"`
	CdtrAcct  xAcctID `xml:"CdtrAcct"`
}

type xCdtrRefInf struct {
	Cd    string `xml:"Tp>CdOrPrtry>Cd"`
	Prtry string `xml:"Tp>CdOrPrtry>Prtry"`
	Issr  string `xml:"Tp>Issr"`
	Ref   string `xml:"Ref"`
}

type xRfrdDocInf struct {
	Nb string `xml:"Nb"`
}

type xStrd struct {
	RfrdDocInf  []xRfrdDocInf `xml:"RfrdDocInf"`
	CdtrRefInf  []xCdtrRefInf `xml:"CdtrRefInf"`
	AddtlRmtInf []string      `xml:"AddtlRmtInf"`
}

type xTx struct {
	Refs       xRefs      `xml:"Refs"`
	Amt        xAmt       `xml:"Amt"`               // .001.04 and later
	TxAmt      xAmt       `xml:"AmtDtls>TxAmt>Amt"` // .001.02
	CdtDbtInd  string     `xml:"CdtDbtInd"`
	BkTxCd     xBkTxCd    `xml:"BkTxCd"`
	RltdPties  xRltdPties `xml:"RltdPties"`
	Ustrd      []string   `xml:"RmtInf>Ustrd"`
	Strd       []xStrd    `xml:"RmtInf>Strd"`
	AddtlTxInf string     `xml:"AddtlTxInf"`
	RtrInf     *xRtrInf   `xml:"RtrInf"`
}

type xRtrInf struct {
	Cd       string   `xml:"Rsn>Cd"`
	Prtry    string   `xml:"Rsn>Prtry"`
	AddtlInf []string `xml:"AddtlInf"`
}
