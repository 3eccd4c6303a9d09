from dataclasses import dataclass, field


@dataclass
class BankAccount:
    owner: str
    balance: float = 0.0
    history: list[float] = field(default_factory=list)

    def deposit(self, amount: float) -> None:
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self.balance += amount
        self.history.append(amount)

    def withdraw(self, amount: float) -> None:
        if amount > self.balance:
            raise ValueError("insufficient funds")
        self.balance -= amount
        self.history.append(-amount)


account = BankAccount("Ada")
account.deposit(100)
account.withdraw(30)
print(account)  # BankAccount(owner='Ada', balance=70.0, history=[100, -30])
